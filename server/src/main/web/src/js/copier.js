// "Copier" buttons of the API tab: copy the text of the element named by data-copier, and say so.
for (const button of document.querySelectorAll('button[data-copier]')) {
  const label = button.textContent;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copier);
    try {
      await navigator.clipboard.writeText(source.textContent);
      button.textContent = 'Copié';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(source);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      button.textContent = 'Sélectionné : Ctrl+C pour copier';
    }
    setTimeout(() => { button.textContent = label; }, 2500);
  });
}
