-- Sign-in throttling moves to rate-limiter-flexible (RateLimiterPostgres with tableCreated: true): its table, in the
-- library's own shape (key varchar(255) primary key, points integer, expire bigint in epoch ms), created here because
-- the app applies its migrations itself. The per-email counter it replaces let anyone lock anyone out.
DROP TABLE "LoginThrottle";

CREATE TABLE "LoginRateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "LoginRateLimit_pkey" PRIMARY KEY ("key")
);
