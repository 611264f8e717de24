DROP function th(bigint);
