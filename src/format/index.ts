// Public API of the format part.
export {};
