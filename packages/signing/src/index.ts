/**
 * @module @kolba/signing
 */
export {};
