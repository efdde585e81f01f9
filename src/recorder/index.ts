// Public API of the recorder part.
export {};
