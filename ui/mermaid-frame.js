// The diagram renderer inside the sandboxed frame (mermaid-frame.html). It answers
// {id, source} messages from the app window with {id, svg} or {id, error}.
"use strict";
mermaid.initialize({
  startOnLoad: false,
  securityLevel: "strict",
  theme: "neutral",
  // Labels as SVG text: the app shows the SVG as an image, where HTML labels would be laid out
  // with other fonts than mermaid measured and come out clipped.
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  fontFamily: "DejaVu Sans, Verdana, sans-serif",
});
let counter = 0;
window.addEventListener("message", async (event) => {
  if (event.source !== window.parent) return;
  const { id, source } = event.data || {};
  if (typeof id !== "string" || typeof source !== "string") return;
  counter += 1;
  try {
    const { svg } = await mermaid.render("diagram-" + counter, source);
    window.parent.postMessage({ id, svg }, "*");
  } catch (error) {
    window.parent.postMessage({ id, error: String((error && error.message) || error) }, "*");
  }
});
window.parent.postMessage({ ready: true }, "*");
