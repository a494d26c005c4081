/**
 * @module @kolba/request
 */
export {};
