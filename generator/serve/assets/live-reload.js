// Live reload for `briefings serve`. The preview server adds this script to the pages
// it serves; it is never part of a build. It asks the server for a version other than
// the page's own, which the server answers as soon as a rebuild is done (or after a
// while, when it asks again), and reloads the page once the version has changed.
(() => {
  "use strict";
  const loaded = document.currentScript ? document.currentScript.dataset.version : null;
  const retry = 500;

  async function poll() {
    try {
      const response = await fetch(`/__preview__/version?seen=${loaded}`, { cache: "no-store" });
      const { version } = await response.json();
      if (String(version) !== loaded) {
        window.location.reload();
        return;
      }
      poll();
    } catch {
      // The server is rebuilding, restarting or stopped: try again.
      window.setTimeout(poll, retry);
    }
  }

  if (loaded !== null) {
    poll();
  }
})();
