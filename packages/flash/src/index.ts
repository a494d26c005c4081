/**
 * @module @kolba/flash
 */
export {};
