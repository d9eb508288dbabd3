// 「印刷」: the browser's print of the page (the print styles in site.css make it an A4 report).
// A file of its own: the CSP allows no inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
