import { defineConfig } from "vite";

// The console module serves the build; in `npm run dev` Vite forwards API calls to a running
// `./aviary dev` edge: http://localhost:8080, or AVIARY_CONSOLE_DEV_API.
declare const process: { env: Record<string, string | undefined> };
const edge = process.env.AVIARY_CONSOLE_DEV_API ?? "http://localhost:8080";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    // One script and one stylesheet, no inline code: the edge's Content-Security-Policy allows
    // nothing else.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      "/api": edge,
      "/console/v1": edge,
    },
  },
});
