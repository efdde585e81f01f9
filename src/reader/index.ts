// Public API of the reader part.
export {};
