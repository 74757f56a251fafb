// A figure never shrinks below the scale at which its smallest text still reads at 9 pt: the notebooks
// draw text at 11 pt and 100 dpi (helpers/common/plots.py), and a browser shows 96 dpi, so that scale is
// 9 / (11 * 100 / 96). In a narrower column (a phone) the figure keeps that width and scrolls sideways.
const MIN_FIGURE_SCALE = 9 / ((11 * 100) / 96);

function keepFiguresReadable() {
  for (const img of document.querySelectorAll(".cell_output img")) {
    const keep = () => {
      img.style.minWidth = `${Math.ceil(img.naturalWidth * MIN_FIGURE_SCALE)}px`;
    };
    if (img.complete) {
      keep();
    } else {
      img.addEventListener("load", keep);
    }
  }
}

document.addEventListener("DOMContentLoaded", keepFiguresReadable);
