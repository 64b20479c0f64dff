// What the explanation beside the graph shows of a step, as elements: its lines (a page a line
// names is a link) and the summary card's tables. The texts come from the page's data.

// One table of the summary card, {title, header, rows, note} all text: a heading, the table
// (scrolled sideways inside its box when wider than the card), the note.
export function cardTable({ title, header, rows, note }) {
  const heading = document.createElement("h3");
  heading.textContent = title;
  const table = document.createElement("table");
  const row = (cells, tag) => {
    const tr = document.createElement("tr");
    for (const cell of cells) tr.appendChild(document.createElement(tag)).textContent = cell;
    return tr;
  };
  table.createTHead().appendChild(row(header, "th"));
  table.createTBody().append(...rows.map((cells) => row(cells, "td")));
  const box = document.createElement("div");
  box.className = "card-table";
  box.append(table);
  if (!note) return [heading, box];
  const text = document.createElement("p");
  text.className = "card-note";
  text.textContent = note;
  return [heading, box, text];
}

// A line as a list item; a page it names (derivation.html, which demo writes beside this one)
// is a link.
export function lineItem(line) {
  const item = document.createElement("li");
  line.split(/([\w-]+\.html)\b/).forEach((part, k) => {
    if (k % 2 === 0) return item.append(part);
    const link = document.createElement("a");
    link.href = part;
    link.textContent = part;
    item.append(link);
  });
  return item;
}
