// SVG elements made by the training page's script, for its drawings.
const SVG = "http://www.w3.org/2000/svg";

// An SVG element `name` with these attributes and, when given, this text.
export function el(name, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}
