UPDATE subscriptions SET storage = 10737418240, expiry_time = 1749355117000000 where storage = 5368709120 and product_id = 'free';
