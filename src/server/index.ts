// Public API of the server part.
export {};
