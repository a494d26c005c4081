/**
 * @module @kolba/static
 */
export {};
