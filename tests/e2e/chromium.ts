/** Debian's Chromium, which scripts/bootstrap.mjs --with-browser installs, driven through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google, which this closed network refuses.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
