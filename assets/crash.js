// The crash notice's Reload button. Plain JavaScript on purpose: when the app panics, the release build
// aborts, and nothing written in Rust can run again (see src/app/services/crash.rs).
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.id === 'crash-reload') location.reload();
});
