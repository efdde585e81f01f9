// Public API of the diagnose part.
export {};
