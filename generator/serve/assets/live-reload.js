// Live reload for `briefings serve`. The preview server adds this script to the pages
// it serves; it is never part of a build. It asks the server for the site's version
// and reloads the page once a rebuild has changed it.
(() => {
  "use strict";
  const loaded = document.currentScript ? document.currentScript.dataset.version : null;
  const every = 500;

  async function poll() {
    try {
      const response = await fetch("/__preview__/version", { cache: "no-store" });
      const { version } = await response.json();
      if (loaded !== null && String(version) !== loaded) {
        window.location.reload();
        return;
      }
    } catch {
      // The server is rebuilding, restarting or stopped: try again.
    }
    window.setTimeout(poll, every);
  }

  window.setTimeout(poll, every);
})();
