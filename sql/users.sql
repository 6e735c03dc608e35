/* Every user gets their cart row with the account: checkout locks it. */
/* @name insert_user */
WITH new_user AS (
    INSERT INTO users (email, password_hash)
    VALUES (:email!, :passwordHash!)
    ON CONFLICT DO NOTHING
    RETURNING id, email, role
), new_cart AS (
    INSERT INTO carts (user_id) SELECT id FROM new_user
)
SELECT id, email, role FROM new_user;

/* Admin bootstrap: creates the user, or promotes it and sets the configured password. */
/* @name upsert_admin */
WITH admin AS (
    INSERT INTO users (email, password_hash, role)
    VALUES (:email!, :passwordHash!, 'admin')
    ON CONFLICT ((lower(email))) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash
    RETURNING id, email, role
), admin_cart AS (
    INSERT INTO carts (user_id) SELECT id FROM admin ON CONFLICT (user_id) DO NOTHING
)
SELECT id, email, role FROM admin;

/* @name find_user_by_email */
SELECT id, email, role, password_hash FROM users WHERE lower(email) = lower(:email!);

/* @name find_user_by_id */
SELECT id, email, role FROM users WHERE id = :id!;
