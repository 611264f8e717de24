UPDATE subscriptions SET expiry_time = 1749355117000000 where storage = 10737418240 and product_id = 'free';
