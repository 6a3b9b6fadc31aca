// Details webview script (built to media/dist/details.js).
