// The page's modules are inlined above, each in a <script type="text/x-module"> named by the
// path it is imported as ("viz/format.js"), so that the page stays one file that works offline,
// from file:// and in a notebook's iframe. A browser runs a module only from a URL, and loads
// none from file://, so this makes each text a data: URL and names them all in an import map;
// the <script type="module"> after this one then imports the page's main module.
// (blob: URLs work too, but opened a small page 40-70 ms later: each is fetched through the
// browser process, while a data: URL is read in place.)
{  // a block, so that these names stay out of the page's global scope
  const imports = {};
  for (const script of document.querySelectorAll('script[type="text/x-module"]')) {
    const path = script.dataset.path;
    // sourceURL: DevTools and error messages name the file ("viz/view.js:12"), not the URL.
    const text = `${script.textContent}\n//# sourceURL=${path}\n`;
    imports[path] = `data:text/javascript,${encodeURIComponent(text)}`;
  }
  const map = document.createElement("script");
  map.type = "importmap";
  map.textContent = JSON.stringify({ imports });
  document.currentScript.after(map);
}
