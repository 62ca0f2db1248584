// Types for the single-fetch future flag switched on in remix.config.js.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
