// The state diagram as a picture, drawn by the Mermaid renderer this server bundles (served from its own
// origin, never a CDN). It is several megabytes, so it loads the first time a diagram is opened.
let renderer;
let renders = 0;

function loadRenderer() {
  renderer ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/assets/mermaid.min.js';
    script.addEventListener('load', () => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
      resolve(window.mermaid);
    });
    script.addEventListener('error', () => {
      renderer = undefined;
      reject(new Error('the diagram renderer (/assets/mermaid.min.js) did not load'));
    });
    document.head.append(script);
  });
  return renderer;
}

/** Draw Mermaid `text` as an SVG inside `target`. */
export async function drawDiagram(target, text) {
  const mermaid = await loadRenderer();
  renders += 1;
  const { svg } = await mermaid.render(`state-diagram-${renders}`, text);
  // Mermaid's strict level sanitizes labels; the page's own stylesheet colours visited and current states,
  // since the content security policy keeps the inline styles Mermaid writes from applying.
  target.innerHTML = svg;
}
