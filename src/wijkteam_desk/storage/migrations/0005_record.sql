-- Reserved for issue 13, part 2 (corrections, withdrawals, attachments). Unreleased: filled in (or removed and the ladder
-- renumbered) before this schema is released; a step that changes nothing is harmless.
SELECT 1;
