/** Both generated interface files, by path relative to the repository root. */
export function renderAbi(): Record<string, string>;
/** The generated files whose committed text differs from what scripts/abi-table.mjs gives. */
export function staleAbiFiles(): string[];
