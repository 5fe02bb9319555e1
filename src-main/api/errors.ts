// The error type lives in shared/ (every layer throws it); the API re-exports it for its hosts.
export * from '../shared/errors.js';
