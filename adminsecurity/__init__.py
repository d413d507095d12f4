"""The admin's locks: lockout after failed logins, two-factor sign-in, its own headers."""
