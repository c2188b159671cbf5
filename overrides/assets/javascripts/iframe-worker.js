/* Search in a copy of the site opened from files (a folder or a USB stick: file:// pages).
   Browsers do not start Web Workers from file:// pages, and Material's search runs in one.
   On such pages this stands in for Worker: the worker script runs in a hidden frame of the
   page instead. It takes the place of the iframe-worker script that Material's offline plugin
   would load from unpkg.com, so an offline copy makes no request outside its folder.
   Over http(s) it does nothing. Listed in mkdocs.yml under extra.polyfills. */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "Search";
      (document.body || document.documentElement).appendChild(frame);
      const scope = frame.contentWindow;
      // The worker script answers with postMessage(data): hand it to the page as a message event.
      scope.postMessage = (data) => setTimeout(() => this.receive(data));
      // Search in more than one language loads lunr's language scripts with importScripts,
      // which Material's worker awaits when it runs in a frame: load them in order, from files.
      const base = new URL(url, location.href).href;
      scope.importScripts = (...urls) => urls.reduce((done, src) => done.then(() => new Promise((resolve, reject) => {
        const script = scope.document.createElement("script");
        script.src = new URL(src, base).href;
        script.onload = resolve;
        script.onerror = () => reject(new Error("Search could not load " + src));
        scope.document.head.appendChild(script);
      })), Promise.resolve());
      this.ready = new Promise((resolve, reject) => {
        const script = scope.document.createElement("script");
        script.src = base;
        script.onload = () => resolve(scope);
        script.onerror = () => reject(new Error("Search could not start: " + url));
        scope.document.head.appendChild(script);
      });
    }

    receive(data) {
      const event = new MessageEvent("message", { data });
      if (typeof this.onmessage === "function") this.onmessage(event);
      this.dispatchEvent(event);
    }

    postMessage(data) {
      this.ready.then((scope) => scope.dispatchEvent(new scope.MessageEvent("message", { data })));
    }

    terminate() {}
  }

  window.IFrameWorker = FileWorker; // Material's search worker looks for this name
  window.Worker = FileWorker;
})();
