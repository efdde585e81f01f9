// The version `trainscope --version` prints; kept equal to package.json's "version".
export const VERSION = "0.1.0";
