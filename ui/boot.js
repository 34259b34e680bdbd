//! Loads the Archboard wasm module. Kept as a file (not an inline script) so the page's CSP
//! can forbid inline code.
// Absolute paths: the page is also served at deep links such as /decisions/7, where relative
// names would resolve under the route.
import init from "/archboard-ui.js";

init({ module_or_path: "/archboard-ui_bg.wasm" }).catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.textContent = `Archboard could not start its interface: ${error}`;
  document.body.replaceChildren(message);
});
