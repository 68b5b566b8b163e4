# diameter/user_data.mk - the User-Data (IMSSubscription) parser
