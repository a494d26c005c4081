/**
 * @module @kolba/context
 */
export {};
