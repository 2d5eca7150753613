"""Password hashing, random tokens and the identity vault's encryption."""
