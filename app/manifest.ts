import type { MetadataRoute } from "next";

// The web app manifest (served at /manifest.webmanifest): the name and icons a phone uses when the app is added to
// its home screen. The icons live in public/.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Studio Manager",
    short_name: "Studio",
    description: "Studio management with Constant Contact sync",
    start_url: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
