import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// happy-dom has no layout: give every element a size so virtualized lists render their rows.
HTMLElement.prototype.getBoundingClientRect = function getBoundingClientRect() {
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    bottom: 600,
    right: 1200,
    width: 1200,
    height: 600,
    toJSON: () => ({}),
  };
};
for (const [name, size] of [
  ["offsetHeight", 600],
  ["offsetWidth", 1200],
  ["clientHeight", 600],
  ["clientWidth", 1200],
] as const) {
  Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => size });
}

window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;

afterEach(() => cleanup());
