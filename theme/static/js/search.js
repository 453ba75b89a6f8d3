/* The search page: start Pagefind's default UI and run the query that the search
   form in every page's header sends as ?q=. An external file, as the site's
   Content-Security-Policy allows no inline script. */
"use strict";

(() => {
  const ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    // Briefings are long by design; Pagefind's default penalty for long pages would
    // rank them below short lists that mention a term in passing.
    ranking: { pageLength: 0.3 },
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
