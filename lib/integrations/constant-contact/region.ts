/** Constant Contact integration is offered to businesses in these countries only (vendor rule). */
export const SUPPORTED_COUNTRIES = ["US", "CA", "AU"] as const;

export function isSupportedRegion(countryCode: string): boolean {
  return (SUPPORTED_COUNTRIES as readonly string[]).includes(countryCode.toUpperCase());
}

export const REGION_MESSAGE =
  "The Constant Contact integration is only available to businesses in the US, Canada and Australia.";
