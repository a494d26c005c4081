/**
 * @module @kolba/session
 */
export {};
