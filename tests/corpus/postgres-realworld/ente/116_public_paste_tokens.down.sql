DROP INDEX IF EXISTS public_paste_tokens_expires_at_idx;
DROP TABLE IF EXISTS public_paste_tokens;
