// While an import runs, poll its status and move the progress bar; reload for the report.
const box = document.getElementById("import-progress");
if (box) {
  const bar = document.getElementById("import-bar");
  const rows = document.getElementById("import-rows");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const status = await response.json();
      bar.max = status.size_bytes || 1;
      bar.value = status.bytes_read;
      rows.textContent = String(status.rows_read);
      if (status.state !== "running") {
        window.location.reload();
        return;
      }
    } catch (error) {
      // A missed poll is retried; the page still works by reloading.
    }
    window.setTimeout(poll, 700);
  };
  window.setTimeout(poll, 300);
}
