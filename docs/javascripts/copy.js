/* Copy buttons: <button type="button" data-copy="…" hidden>. They stay hidden where the
   clipboard cannot be used (no secure context), so a button never shows unless it works.
   The result is announced through a polite live region beside the button. */
(function () {
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied to the clipboard";
        setTimeout(function () { button.textContent = label; status.textContent = ""; }, 2000);
      });
    });
  });
})();
