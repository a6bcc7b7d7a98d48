import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// https://v2.tauri.app/start/frontend/vite/
export default defineConfig({
  base: "./",
  plugins: [react()],
  // Keep Rust errors visible: Vite must not clear the terminal.
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: {
      // The Rust side lives outside ui/, but be explicit anyway.
      ignored: ["**/src-tauri/**"],
    },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Tauri uses WebKitGTK on Linux and WKWebView on macOS.
    target: "safari15",
    sourcemap: false,
    // Loaded from disk by the webview, so one larger bundle costs nothing.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
