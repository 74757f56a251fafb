// Figures and tables on a narrow screen (a phone).
//
// A figure always fits the column. Where the column is so narrow that the figure's smallest text would read
// below 9 pt, the figure says it can be enlarged: a click or tap opens it at full size over the page (it
// scrolls there), and another click, a tap or Escape closes it. The notebooks draw text at 11 pt and
// 100 dpi (helpers/common/plots.py) and a browser shows 96 dpi, so that scale is 9 / (11 * 100 / 96).
//
// A table wider than the column scrolls inside its frame, which then shows that it scrolls: a shadow on
// the side where more columns wait, and a line above it.
//
// The closing table of a chapter's claims (class "claims-table") reflows to one block per claim under
// 600 px: each cell gets its column's name, which the style sheet shows before it.
const MIN_FIGURE_SCALE = 9 / ((11 * 100) / 96);
const SCROLL_FRAMES = ".cell_output .output, .pst-scrollable-table-container, .table-wrapper";

function closeOverlay(overlay) {
  overlay.remove();
  document.body.classList.remove("figure-overlay-open");
}

function enlarge(img) {
  const overlay = document.createElement("div");
  overlay.className = "figure-overlay";
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-label", `${img.alt} (enlarged; click, tap or press Escape to close)`);
  const large = document.createElement("img");
  large.src = img.src;
  large.alt = img.alt;
  large.style.width = `${img.naturalWidth}px`;
  overlay.append(large);
  overlay.addEventListener("click", () => closeOverlay(overlay));
  const onKey = (event) => {
    if (event.key === "Escape") {
      closeOverlay(overlay);
      document.removeEventListener("keydown", onKey);
    }
  };
  document.addEventListener("keydown", onKey);
  document.body.append(overlay);
  document.body.classList.add("figure-overlay-open");
}

function markShrunkFigure(img) {
  const shrunk = img.getBoundingClientRect().width < img.naturalWidth * MIN_FIGURE_SCALE - 1;
  img.classList.toggle("figure-shrunk", shrunk);
  img.title = shrunk ? "Click or tap to enlarge" : "";
}

function prepareFigures() {
  for (const img of document.querySelectorAll(".cell_output img")) {
    img.addEventListener("click", () => {
      if (img.classList.contains("figure-shrunk")) enlarge(img);
    });
    if (img.complete) {
      markShrunkFigure(img);
    } else {
      img.addEventListener("load", () => markShrunkFigure(img));
    }
  }
}

function markScrollingFrames() {
  for (const frame of document.querySelectorAll(SCROLL_FRAMES)) {
    if (frame.querySelector(":scope img")) continue;
    const scrolls = frame.scrollWidth > frame.clientWidth + 1;
    frame.classList.toggle("scrolls-sideways", scrolls);
    const atEnd = frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1;
    frame.classList.toggle("scrolled-to-end", scrolls && atEnd);
    frame.classList.toggle("scrolled-from-start", scrolls && frame.scrollLeft > 1);
  }
}

function labelClaimCells() {
  for (const table of document.querySelectorAll("table.claims-table")) {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        cell.dataset.label = names[i] ?? "";
      });
    }
  }
}

function updateLayout() {
  for (const img of document.querySelectorAll(".cell_output img")) {
    if (img.complete) markShrunkFigure(img);
  }
  markScrollingFrames();
}

document.addEventListener("DOMContentLoaded", () => {
  labelClaimCells();
  prepareFigures();
  markScrollingFrames();
  for (const frame of document.querySelectorAll(SCROLL_FRAMES)) {
    frame.addEventListener("scroll", markScrollingFrames, { passive: true });
  }
  window.addEventListener("resize", updateLayout);
});
