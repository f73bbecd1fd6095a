// Once a passkey has been added, show it in the list without a reload: fetch this page again and
// swap in its list. The status message the package wrote stays where it is, so screen readers
// hear "added" once. Loaded as a file (strict CSP: script-src 'self', no inline script).
"use strict";

document.addEventListener("otp_webauthn.register_complete", function () {
  fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
    })
    .then(function (html) {
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("passkey-list");
      const current = document.getElementById("passkey-list");
      if (fresh && current) {
        current.replaceWith(document.adoptNode(fresh));
      }
    })
    .catch(function () {
      // The list stays as it was; the passkey is saved and shows on the next visit.
    });
});
