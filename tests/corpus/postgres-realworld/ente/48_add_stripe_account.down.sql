UPDATE
    subscriptions
SET
    attributes = attributes - 'stripeAccountCountry';
