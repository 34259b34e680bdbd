//! Loads the Archboard wasm module. Kept as a file (not an inline script) so the page's CSP
//! can forbid inline code.
import init from "./archboard-ui.js";

init({ module_or_path: new URL("./archboard-ui_bg.wasm", import.meta.url) }).catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.textContent = `Archboard could not start its interface: ${error}`;
  document.body.replaceChildren(message);
});
