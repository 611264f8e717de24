UPDATE subscriptions SET expiry_time = 4749355117000000 where storage = 5368709120 and product_id = 'free' and original_transaction_id ='none';
