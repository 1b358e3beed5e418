coalesce((SELECT r.ordinal FROM tierc.routes r
                                 WHERE pg_catalog.starts_with(p_path COLLATE pg_catalog."C", r.literal_prefix)
                                   AND v_path COLLATE pg_catalog."C" OPERATOR(pg_catalog.~) r.match_regex
                                 ORDER BY r.ordinal LIMIT 1), -1)
