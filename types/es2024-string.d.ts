// ES2024's String.prototype.isWellFormed (Node 20+); the project's lib is es2023.
interface String {
  /** False when the string holds a UTF-16 surrogate that is not half of a pair. */
  isWellFormed(): boolean;
}
