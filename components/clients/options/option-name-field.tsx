import { TextField } from "@/components/ui/text-field";

/**
 * The name field of a client type or group, when adding or renaming one: at most 100 characters; the server says
 * what else is wrong (empty, already used) as `error`.
 */
export function OptionNameField(props: {
  label: string;
  error: string | undefined;
  defaultValue?: string;
  hint?: string;
  autoFocus?: boolean;
}) {
  return <TextField name="name" maxLength={100} autoComplete="off" className="min-w-56 flex-1" {...props} />;
}
